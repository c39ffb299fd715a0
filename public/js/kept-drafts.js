// Keeps what a learner is writing in a form marked data-keep-draft="<key>" (a discussion post, an
// evaluation, a review) in this browser's localStorage, so closing the tab or following a link loses
// nothing. Each copy belongs to the signed-in user (body data-user-id): on a shared library computer no
// one is offered another's text. A copy is forgotten when its form is sent, after 7 days, and every copy
// when anyone logs out here. Without this script, or without storage, the forms work as before.
(function () {
  'use strict';
  var PREFIX = 'kindred-draft:';
  var KEEP_MS = 7 * 24 * 60 * 60 * 1000;
  var DELAY_MS = 600;
  var body = document.body;
  var user = body.getAttribute('data-user-id');
  var stopped = false;

  // localStorage may be missing or throw (private mode, storage full, blocked): then nothing is kept.
  function withStorage(action, fallback) {
    try { return action(window.localStorage); } catch { return fallback; }
  }
  function read(key) {
    return withStorage(function (s) { var raw = s.getItem(key); return raw ? JSON.parse(raw) : null; }, null);
  }
  function write(key, value) {
    withStorage(function (s) { s.setItem(key, JSON.stringify(value)); });
  }
  function forget(key) {
    withStorage(function (s) { s.removeItem(key); });
  }
  function keptKeys() {
    return withStorage(function (s) {
      var keys = [];
      for (var i = 0; i < s.length; i++) if (String(s.key(i)).indexOf(PREFIX) === 0) keys.push(s.key(i));
      return keys;
    }, []);
  }
  function forgetAll() {
    stopped = true;
    keptKeys().forEach(forget);
  }

  // Text fields only: hidden fields (token, revision) and choices are not what would be lost.
  function textFieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && el.type === 'text'));
    });
  }
  function valuesOf(fields, which) {
    var values = {};
    fields.forEach(function (el) { values[el.name] = el[which || 'value']; });
    return values;
  }
  function same(a, b) {
    return Object.keys(a).concat(Object.keys(b)).every(function (name) { return (a[name] || '') === (b[name] || ''); });
  }
  function isEmpty(values) {
    return Object.keys(values).every(function (name) { return !values[name]; });
  }
  function whenText(ms) {
    var d = new Date(ms);
    return d.toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long' }) +
      ' at ' + d.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
  }

  function setUp(form) {
    var key = PREFIX + user + ':' + form.getAttribute('data-keep-draft');
    var fields = textFieldsOf(form);
    if (!fields.length) return;
    // What the server put in the fields: a fresh form's empty boxes, or the post being edited.
    var served = valuesOf(fields, 'defaultValue');
    var timer = null;

    function keep() {
      clearTimeout(timer);
      timer = null;
      if (stopped) return;
      var now = valuesOf(fields);
      if (same(now, served)) forget(key);
      else write(key, { savedAt: Date.now(), served: served, values: now });
    }

    form.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(keep, DELAY_MS);
    });
    // Closed before the pause after typing: keep the last words too.
    window.addEventListener('pagehide', function () { if (timer) keep(); });
    form.addEventListener('submit', function () {
      clearTimeout(timer);
      timer = null;
      forget(key);
    });

    var copy = read(key);
    if (!copy || !copy.values) return;
    var shown = valuesOf(fields);
    // Text the server sent back (a refused form) or another version of the post wins over the copy.
    if (same(copy.values, shown) || !(isEmpty(shown) || same(shown, copy.served || {}))) return;
    fields.forEach(function (el) { if (typeof copy.values[el.name] === 'string') el.value = copy.values[el.name]; });
    tell(fields, copy.savedAt, function () {
      fields.forEach(function (el) { el.value = el.defaultValue; });
      forget(key);
    });
  }

  function tell(fields, savedAt, clear) {
    var place = fields[0].closest('.field') || fields[0];
    var note = document.createElement('div');
    note.setAttribute('role', 'status');
    place.parentNode.insertBefore(note, place);
    // Filled a moment after the empty live region is in the page, so screen readers announce it.
    setTimeout(function () {
      note.className = 'notice notice-info kept-draft';
      var text = document.createElement('p');
      text.textContent = 'We kept what you were writing on ' + whenText(savedAt) + '. ';
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'link-button';
      button.textContent = 'Clear it';
      button.addEventListener('click', function () {
        clear();
        text.textContent = 'Cleared. The kept text is forgotten.';
        fields[0].focus();
      });
      text.appendChild(button);
      note.appendChild(text);
    }, 300);
  }

  if (body.hasAttribute('data-forget-kept-drafts')) forgetAll();
  if (!user) return;
  var startedAt = Date.now();
  keptKeys().forEach(function (key) {
    var copy = read(key);
    if (!copy || typeof copy.savedAt !== 'number' || startedAt - copy.savedAt > KEEP_MS) forget(key);
  });
  // Library staff share computers: logging out forgets every copy this browser holds, anyone's.
  document.addEventListener('submit', function (event) {
    if (event.target.getAttribute('action') === '/logout') forgetAll();
  });
  document.querySelectorAll('form[data-keep-draft]').forEach(setUp);
})();
