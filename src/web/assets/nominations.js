/* The nomination form (推荐申报表): its eligibility is checked as the clerk types. The form is
   posted, with its CSRF token, to the address in its data-check (the same check the submission
   runs, nothing kept), and each reason the answer gives is shown beside its field. Without this
   script the same reasons appear when the form is saved or submitted. ES5. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-check]");
  if (!form || !window.fetch || !window.URLSearchParams || !window.FormData) {
    return;
  }
  var timer = null;
  var sent = 0;

  function fieldOf(name) {
    var input = document.getElementById("f-" + name);
    return input ? input.closest(".field") : null;
  }

  function clear() {
    Array.prototype.forEach.call(form.querySelectorAll(".field"), function (field) {
      var error = field.querySelector(".field__error");
      if (error) {
        error.parentNode.removeChild(error);
      }
      field.classList.remove("field--invalid");
      var input = field.querySelector("[aria-invalid]");
      if (input) {
        input.removeAttribute("aria-invalid");
      }
    });
  }

  function show(name, reason) {
    var field = fieldOf(name);
    if (!field) {
      return false;
    }
    var p = document.createElement("p");
    p.className = "field__error";
    p.id = "f-" + name + "-error";
    var span = document.createElement("span");
    span.textContent = reason;
    p.appendChild(span);
    var label = field.querySelector(".field__label, .choice");
    if (label && label.nextSibling) {
      field.insertBefore(p, label.nextSibling);
    } else {
      field.appendChild(p);
    }
    field.classList.add("field--invalid");
    var input = document.getElementById("f-" + name);
    if (input) {
      input.setAttribute("aria-invalid", "true");
    }
    return true;
  }

  function render(answer) {
    clear();
    var rest = [];
    Object.keys(answer.errors || {}).forEach(function (name) {
      if (!show(name, answer.errors[name])) {
        rest.push(answer.errors[name]);
      }
    });
    if (answer.banner) {
      rest.push(answer.banner);
    }
    var banner = document.querySelector("[data-live-banner]");
    if (banner) {
      banner.textContent = "";
      if (rest.length) {
        var div = document.createElement("div");
        div.className = "banner banner--error";
        div.setAttribute("role", "alert");
        var p = document.createElement("p");
        p.textContent = rest.join(" ");
        div.appendChild(p);
        banner.appendChild(div);
      }
    }
    var box = form.querySelector("[data-live-warnings]");
    if (box) {
      var list = box.querySelector("ul");
      list.textContent = "";
      (answer.warnings || []).forEach(function (w) {
        var li = document.createElement("li");
        li.textContent = w;
        list.appendChild(li);
      });
      box.hidden = !(answer.warnings && answer.warnings.length);
    }
  }

  function check() {
    var mine = ++sent;
    var data = new URLSearchParams(new FormData(form));
    data["delete"]("action");
    fetch(form.getAttribute("data-check"), {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/json"
      },
      body: data.toString()
    }).then(function (res) {
      return res.ok ? res.json() : null;
    }).then(function (answer) {
      if (answer && mine === sent) {
        render(answer);
      }
    })["catch"](function () {});
  }

  function later() {
    if (timer) {
      clearTimeout(timer);
    }
    timer = setTimeout(check, 400);
  }

  form.addEventListener("input", later);
  form.addEventListener("change", later);
})();
