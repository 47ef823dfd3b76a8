// Enhances select boxes (search inside long lists) after every page load and htmx swap.
function cnqpEnhance(root) {
  if (typeof TomSelect === "undefined") return;
  root.querySelectorAll("select.form-select:not(.tomselected):not([data-plain])").forEach(function (el) {
    if (el.options.length > 12 || el.multiple) new TomSelect(el, { maxOptions: 500 });
  });
}
document.addEventListener("DOMContentLoaded", function () { cnqpEnhance(document); });
document.addEventListener("htmx:afterSwap", function (e) { cnqpEnhance(e.target); });
