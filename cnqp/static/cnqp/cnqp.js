// Enhances select boxes (search inside long lists) and date boxes (a calendar that writes
// dd/mm/yyyy, typing still allowed) after every page load and htmx swap.
function cnqpEnhance(root) {
  if (typeof TomSelect !== "undefined") {
    root.querySelectorAll("select.form-select:not(.tomselected):not([data-plain])").forEach(function (el) {
      if (el.options.length > 12 || el.multiple) new TomSelect(el, { maxOptions: 500 });
    });
  }
  if (typeof flatpickr !== "undefined") {
    root.querySelectorAll("input[data-datepicker]:not(.flatpickr-input)").forEach(function (el) {
      var picker = flatpickr(el, { dateFormat: "d/m/Y", allowInput: true, disableMobile: true,
                                   locale: (flatpickr.l10ns && flatpickr.l10ns.vn) || "default" });
      // typing a date is the other way in: the calendar steps aside, not over the form
      el.addEventListener("input", function () { picker.close(); });
    });
  }
}
document.addEventListener("DOMContentLoaded", function () { cnqpEnhance(document); });
// htmx:load names the new content (after an outerHTML swap, afterSwap's target is the element
// that was replaced, so the reloaded form kept plain selects).
document.addEventListener("htmx:load", function (e) { cnqpEnhance(e.detail.elt); });

// Behaviour declared in the markup, not in inline handlers (the Content-Security-Policy
// allows no inline script): a select with data-autosubmit sends its form when it changes; a
// form with data-confirm asks before it is sent.
document.addEventListener("change", function (e) {
  if (e.target.matches && e.target.matches("select[data-autosubmit]")) e.target.form.submit();
});
document.addEventListener("submit", function (e) {
  var message = e.target.getAttribute && e.target.getAttribute("data-confirm");
  if (message && !window.confirm(message)) e.preventDefault();
});

// The menu button tells screen readers whether the off-canvas menu is open: Bootstrap's
// offcanvas, unlike its collapse, leaves aria-expanded alone.
["show", "hide"].forEach(function (state) {
  document.addEventListener(state + ".bs.offcanvas", function (e) {
    document.querySelectorAll('[aria-controls="' + e.target.id + '"]').forEach(function (button) {
      button.setAttribute("aria-expanded", state === "show" ? "true" : "false");
    });
  });
});

// Lists (core/object_list.html). The filters open by themselves when one is set, on a wide
// screen only: a phone shows the table first. A box in a table's head ticks every row of the
// page; the buttons acting on ticked rows wait for one.
function cnqpLists(root) {
  if (window.matchMedia("(min-width: 768px)").matches) {
    root.querySelectorAll(".collapse[data-open-wide]").forEach(function (el) {
      el.classList.add("show");
    });
  }
  root.querySelectorAll("form#bulk-form").forEach(cnqpBulkState);
}
function cnqpBulkState(form) {
  var ticked = form.querySelectorAll("input[name=ids]:checked").length;
  var all = form.querySelectorAll("input[name=ids]").length;
  form.querySelectorAll("[data-needs-selection]").forEach(function (b) { b.disabled = !ticked; });
  var counter = form.querySelector("[data-selected-count]");
  if (counter) counter.textContent = ticked;
  var head = form.querySelector("input[data-select-all]");
  if (head) { head.checked = all > 0 && ticked === all; head.indeterminate = ticked > 0 && ticked < all; }
}
document.addEventListener("DOMContentLoaded", function () { cnqpLists(document); });
document.addEventListener("htmx:load", function (e) { cnqpLists(e.detail.elt); });
document.addEventListener("change", function (e) {
  var form = e.target.form;
  if (!form || form.id !== "bulk-form") return;
  if (e.target.matches("input[data-select-all]")) {
    form.querySelectorAll("input[name=ids]").forEach(function (box) { box.checked = e.target.checked; });
  }
  cnqpBulkState(form);
});
// A button that asks before it acts (a bulk step): data-confirm on the button itself.
document.addEventListener("click", function (e) {
  var button = e.target.closest && e.target.closest("button[data-confirm]");
  if (button && !window.confirm(button.getAttribute("data-confirm"))) e.preventDefault();
});

// A button with data-print prints the page; one with data-copy="<id>" copies that element's
// text (the recovery codes), and shows data-copied on itself for a moment.
document.addEventListener("click", function (e) {
  var button = e.target.closest && e.target.closest("[data-print], [data-copy]");
  if (!button) return;
  if (button.hasAttribute("data-print")) { window.print(); return; }
  var source = document.getElementById(button.getAttribute("data-copy"));
  if (!source || !navigator.clipboard) return;
  navigator.clipboard.writeText(source.innerText.trim()).then(function () {
    var label = button.innerHTML;
    button.textContent = button.getAttribute("data-copied") || button.textContent;
    setTimeout(function () { button.innerHTML = label; }, 2000);
  });
});
