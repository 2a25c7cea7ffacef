/* Logbook autosave: a progressive enhancement. Without JavaScript the Save button does
 * everything. With it, the form is sent to the server shortly after each change; until the
 * server confirms, a copy stays in this browser (localStorage) so nothing is lost when the
 * connection drops or the tab closes. The copy is removed once the server has it. */
(function () {
  "use strict";

  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var url = form.getAttribute("data-autosave");
  var key = "eigen-regie-logbook:" + form.getAttribute("data-day");
  var status = document.getElementById("autosave-status");
  var timer = null;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function values() {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrf_token") {
        data[name] = value;
      }
    });
    return data;
  }

  function keepLocally() {
    try {
      window.localStorage.setItem(key, JSON.stringify(values()));
    } catch (error) {
      /* storage full or switched off: the server copy is what counts */
    }
  }

  function forget() {
    try {
      window.localStorage.removeItem(key);
    } catch (error) {
      /* nothing to remove */
    }
  }

  function save() {
    keepLocally();
    fetch(url, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (answer) {
        if (answer.saved) {
          forget();
          say(form.getAttribute("data-msg-saved"));
        } else {
          say(form.getAttribute("data-msg-kept") + " " + (answer.message || ""));
        }
      })
      .catch(function () {
        say(form.getAttribute("data-msg-kept"));
      });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 1500);
  }

  function restore() {
    var raw = null;
    try {
      raw = window.localStorage.getItem(key);
    } catch (error) {
      return;
    }
    if (!raw) {
      return;
    }
    var data;
    try {
      data = JSON.parse(raw);
    } catch (error) {
      forget();
      return;
    }
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.name === "csrf_token") {
        return;
      }
      var value = Object.prototype.hasOwnProperty.call(data, element.name) ? data[element.name] : null;
      if (element.type === "radio") {
        element.checked = value !== null && element.value === value;
      } else if (element.type === "checkbox") {
        element.checked = value !== null;
      } else if (value !== null && element.tagName !== "BUTTON") {
        element.value = value;
      }
    });
    say(form.getAttribute("data-msg-restored"));
  }

  restore();
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  form.addEventListener("submit", function () {
    window.clearTimeout(timer);
    forget();
  });
})();
