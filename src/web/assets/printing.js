/* The printable documents: the "print" button (shown only when this script runs) opens the
   browser's print dialogue. */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("button[data-print]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
