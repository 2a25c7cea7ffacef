/*
 * Read aloud — progressive enhancement for Werkwijzer chapters.
 * The button is in the HTML with `hidden`; it only appears when the browser can speak
 * (window.speechSynthesis). It reads the parts marked .read-aloud-part, block by block,
 * in the language of the page, and the same button stops it.
 */
(function () {
  "use strict";

  var button = document.querySelector(".read-aloud-button");
  if (!button || !("speechSynthesis" in window) || typeof SpeechSynthesisUtterance === "undefined") {
    return;
  }
  var synth = window.speechSynthesis;
  var BLOCKS = "h1, h2, h3, h4, p, li, caption, th, td";
  var lang = document.documentElement.lang || "nl";
  var reading = false;
  var current = null;
  var run = 0; // events of a cancelled run must not touch the current one

  function blocks() {
    var found = [];
    document.querySelectorAll(".read-aloud-part").forEach(function (part) {
      part.querySelectorAll(BLOCKS).forEach(function (el) {
        // read the innermost block only (a list item holding paragraphs is read per paragraph)
        if (el.querySelector(BLOCKS) === null && el.offsetParent !== null && el.textContent.trim()) {
          found.push(el);
        }
      });
    });
    return found;
  }

  function mark(el) {
    if (current) { current.classList.remove("is-being-read"); }
    current = el;
    if (el) { el.classList.add("is-being-read"); }
  }

  function setReading(on) {
    reading = on;
    button.textContent = on ? button.dataset.labelStop : button.dataset.labelStart;
    if (!on) { mark(null); }
  }

  function stop() {
    run += 1;
    synth.cancel();
    setReading(false);
  }

  function start() {
    var queue = blocks();
    if (!queue.length) { return; }
    synth.cancel();
    run += 1;
    var mine = run;
    setReading(true);
    queue.forEach(function (el, index) {
      var utterance = new SpeechSynthesisUtterance(el.textContent.replace(/\s+/g, " ").trim());
      utterance.lang = lang;
      utterance.rate = 0.95;
      utterance.onstart = function () { if (mine === run) { mark(el); } };
      if (index === queue.length - 1) {
        utterance.onend = function () { if (mine === run) { setReading(false); } };
      }
      utterance.onerror = function () { if (mine === run) { setReading(false); } };
      synth.speak(utterance);
    });
  }

  button.addEventListener("click", function () {
    if (reading) { stop(); } else { start(); }
  });
  window.addEventListener("pagehide", function () { synth.cancel(); });

  button.hidden = false;
})();
