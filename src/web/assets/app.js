/* 培带 pages: small improvements only; every form works without this file.
   - a show/hide button beside each password field marked data-reveal;
   - a form's button is disabled once sent, so a slow network does not send it twice;
   - the first field with an error gets the focus.
   Words come from the page (data-* on <body>), never from here. ES5, for older browsers. */
(function () {
  "use strict";
  var body = document.body;
  var words = {
    show: body.getAttribute("data-show-password"),
    hide: body.getAttribute("data-hide-password"),
    sending: body.getAttribute("data-sending")
  };

  var reveal = document.querySelectorAll("input[data-reveal]");
  Array.prototype.forEach.call(reveal, function (input) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "reveal";
    button.textContent = words.show;
    button.setAttribute("aria-pressed", "false");
    button.setAttribute("aria-controls", input.id);
    button.addEventListener("click", function () {
      var shown = input.type === "text";
      input.type = shown ? "password" : "text";
      button.textContent = shown ? words.show : words.hide;
      button.setAttribute("aria-pressed", shown ? "false" : "true");
      input.focus();
    });
    input.parentNode.classList.add("field__control--reveal");
    input.parentNode.appendChild(button);
  });

  Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (!button || button.disabled) {
        return;
      }
      // Disabled after the browser has collected the form, so the button's own value is sent.
      window.setTimeout(function () {
        button.disabled = true;
        if (words.sending && form.querySelector("input:not([type=hidden])")) {
          button.textContent = words.sending;
        }
      }, 0);
    });
  });

  var invalid = document.querySelector("[aria-invalid=true]");
  if (invalid) {
    invalid.focus();
  }
})();
