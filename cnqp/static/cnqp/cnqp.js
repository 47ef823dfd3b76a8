// Enhances select boxes (search inside long lists) after every page load and htmx swap.
function cnqpEnhance(root) {
  if (typeof TomSelect === "undefined") return;
  root.querySelectorAll("select.form-select:not(.tomselected):not([data-plain])").forEach(function (el) {
    if (el.options.length > 12 || el.multiple) new TomSelect(el, { maxOptions: 500 });
  });
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
