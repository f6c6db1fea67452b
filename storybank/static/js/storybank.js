// Small enhancements only: every page works the same without this file.
(function () {
  "use strict";

  // Print buttons are hidden until there is a script to make them work.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // A running count of characters under the story box.
  document.querySelectorAll("[data-count-for]").forEach(function (output) {
    var field = document.getElementById(output.getAttribute("data-count-for"));
    if (!field) { return; }
    var limit = Number(output.getAttribute("data-limit"));
    var template = output.getAttribute("data-template");
    var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
    var update = function () {
      // Count as the server does: one character per line break.
      var length = field.value.replace(/\r\n/g, "\n").length;
      output.textContent = template.replace("{count}", numbers.format(length));
      output.classList.toggle("field__count--over", length > limit);
    };
    output.hidden = false;
    field.addEventListener("input", update);
    update();
  });

  // Warn before leaving a page with text that was typed but not sent.
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    var dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  });
})();
