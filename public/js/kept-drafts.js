// Keeps what a learner is writing and choosing in a form marked data-keep-draft="<key>" (a discussion post, an
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

  // What a learner would lose: text, and the choices made (ratings, boxes ticked, options picked).
  // Hidden fields (token, revision) and passwords are never kept.
  function controlsOf(form) {
    var controls = [];
    var groups = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      if (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && el.type === 'text')) controls.push(textControl(el));
      else if (el.tagName === 'SELECT') controls.push(selectControl(el));
      else if (el.tagName === 'INPUT' && el.type === 'checkbox') controls.push(checkboxControl(el));
      else if (el.tagName === 'INPUT' && el.type === 'radio') {
        // One entry per group of radio buttons: the value of the one checked, or '' for none.
        if (!groups[el.name]) controls.push(groups[el.name] = radioGroupControl(el.name, []));
        groups[el.name].buttons.push(el);
      }
    });
    return controls;
  }
  function textControl(el) {
    return {
      key: el.name, first: el,
      now: function () { return el.value; },
      served: function () { return el.defaultValue; },
      set: function (v) { el.value = v; },
    };
  }
  // A select's choices as one string: the values of its selected options, one a line.
  function selectControl(el) {
    function chosen(which) {
      var values = Array.prototype.filter.call(el.options, function (o) { return o[which]; }).map(function (o) { return o.value; });
      // A single select with no option marked selected shows its first one.
      if (!values.length && which === 'defaultSelected' && !el.multiple && el.options.length) values.push(el.options[0].value);
      return values.join('\n');
    }
    return {
      key: el.name, first: el,
      now: function () { return chosen('selected'); },
      served: function () { return chosen('defaultSelected'); },
      set: function (v) {
        var values = v.split('\n');
        Array.prototype.forEach.call(el.options, function (o) { o.selected = values.indexOf(o.value) >= 0; });
      },
    };
  }
  // Checkboxes may share a name (one per value): each is its own entry, its value when ticked.
  function checkboxControl(el) {
    return {
      key: el.name + '=' + el.value, first: el,
      now: function () { return el.checked ? el.value : ''; },
      served: function () { return el.defaultChecked ? el.value : ''; },
      set: function (v) { el.checked = v === el.value; },
    };
  }
  function radioGroupControl(name, buttons) {
    function checkedValue(which) {
      var on = buttons.filter(function (b) { return b[which]; })[0];
      return on ? on.value : '';
    }
    return {
      key: name, first: null, buttons: buttons,
      now: function () { return checkedValue('checked'); },
      served: function () { return checkedValue('defaultChecked'); },
      set: function (v) { buttons.forEach(function (b) { b.checked = b.value === v; }); },
    };
  }
  function valuesOf(controls, which) {
    var values = {};
    controls.forEach(function (c) { values[c.key] = which === 'served' ? c.served() : c.now(); });
    return values;
  }
  function firstElementOf(control) {
    return control.first || control.buttons[0];
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
    var controls = controlsOf(form);
    if (!controls.length) return;
    // What the server put in the form: a fresh form's empty boxes, or the post being edited.
    var served = valuesOf(controls, 'served');
    var timer = null;

    function keep() {
      clearTimeout(timer);
      timer = null;
      if (stopped) return;
      var now = valuesOf(controls);
      if (same(now, served)) forget(key);
      else write(key, { savedAt: Date.now(), served: served, values: now });
    }
    function keepSoon() {
      clearTimeout(timer);
      timer = setTimeout(keep, DELAY_MS);
    }

    form.addEventListener('input', keepSoon);
    // Some browsers send no input event for a choice: its change event is enough.
    form.addEventListener('change', keepSoon);
    // Closed before the pause after typing: keep the last words too.
    window.addEventListener('pagehide', function () { if (timer) keep(); });
    form.addEventListener('submit', function () {
      clearTimeout(timer);
      timer = null;
      forget(key);
    });

    var copy = read(key);
    if (!copy || !copy.values) return;
    var shown = valuesOf(controls);
    // What the server sent back (a refused form) or another version of the post wins over the copy.
    if (same(copy.values, shown) || !(isEmpty(shown) || same(shown, copy.served || {}))) return;
    controls.forEach(function (c) { if (typeof copy.values[c.key] === 'string') c.set(copy.values[c.key]); });
    tell(firstElementOf(controls[0]), copy.savedAt, function () {
      controls.forEach(function (c) { c.set(c.served()); });
      forget(key);
    });
  }

  function tell(first, savedAt, clear) {
    // Above the first field, or above the group of choices it belongs to.
    var place = first.closest('.field, fieldset') || first;
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
        first.focus();
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
  // A form another script puts in the page later (the reply form back after a live unlock) is kept too.
  document.addEventListener('kindred:form-added', function (event) {
    if (event.target.matches && event.target.matches('form[data-keep-draft]')) setUp(event.target);
  });
})();
