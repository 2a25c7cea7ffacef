/* Autosave for lesson exercises (progressive enhancement; the form works without it).
 *
 * While you type, the lesson form is posted (debounced) to its autosave URL with the CSRF
 * token in the X-CSRFToken header. Until the server confirms, a copy of the answers is kept
 * in localStorage under the form's data-storage-key, so nothing is lost when the tab closes
 * or the session expires (a POST after expiry only reaches the login page and is lost).
 * On the next visit the copy is put back into fields that are still empty, and saved again.
 * After a confirmed save the copy is removed, so answers do not linger on a shared device.
 */
(function () {
  "use strict";
  var form = document.getElementById("lesson-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var url = form.getAttribute("data-autosave");
  var key = form.getAttribute("data-storage-key");
  var status = document.getElementById("autosave-status");
  var token = form.querySelector("input[name=csrf_token]").value;
  var timer = null;

  function say(label) { if (status) { status.textContent = form.getAttribute(label) || ""; } }

  function snapshot() {
    var data = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.type === "submit") { return; }
      if ((el.type === "radio" || el.type === "checkbox")) {
        if (el.checked) { (data[el.name] = data[el.name] || []).push(el.value); }
      } else if (el.value) {
        data[el.name] = el.value;
      }
    });
    return data;
  }

  function keep() {
    try { localStorage.setItem(key, JSON.stringify(snapshot())); } catch (e) { /* private mode */ }
  }

  function forget() { try { localStorage.removeItem(key); } catch (e) { /* ignore */ } }

  function restore() {
    var saved;
    try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (!saved) { return false; }
    var changed = false;
    Object.keys(saved).forEach(function (name) {
      var fields = form.querySelectorAll("[name='" + name.replace(/'/g, "") + "']");
      if (!fields.length) { return; }
      var first = fields[0];
      if (first.type === "radio" || first.type === "checkbox") {
        var anyChecked = Array.prototype.some.call(fields, function (f) { return f.checked; });
        if (anyChecked) { return; }
        Array.prototype.forEach.call(fields, function (f) {
          if (saved[name].indexOf(f.value) !== -1) { f.checked = true; changed = true; }
        });
      } else if (!first.value) {
        first.value = saved[name];
        changed = true;
      }
    });
    if (!changed) { forget(); } // the page already holds everything: the copy is not needed
    return changed;
  }

  function save() {
    timer = null;
    say("data-saving-label");
    var body = new URLSearchParams(new FormData(form));
    body.delete("action");
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": token, "Accept": "application/json" }
    }).then(function (response) {
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
      if (!json) { throw new Error("not saved"); }
      return response.json().then(function (data) {
        if (data.saved) { forget(); say("data-saved-label"); }
        else { say("data-offline-label"); }
      });
    }).catch(function () { say("data-offline-label"); });
  }

  function changed() {
    keep();
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(save, 1200);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", keep);
  if (restore()) { say("data-restored-label"); changed(); }
}());
