// Live discussion updates. Without this script (or without a connection) pages work by reloading.
// New posts wait behind a polite "N new replies — show" bar so the text being read never moves,
// then take their nested place in the reading order; replies that belong on another page of the
// thread are only counted. Edits, removals and moderation replace the post in place, actions and all;
// a thread locked, unlocked or pinned elsewhere updates its badges, controls and reply section.
// On a board, new posts and pinned threads changed are announced; Show loads the board afresh.
// All post HTML comes from the server, sanitised.
(function () {
  'use strict';
  var bar = document.getElementById('live-bar');
  if (!bar || typeof window.io !== 'function') return;
  var room = bar.getAttribute('data-room');
  var isThread = room.indexOf('thread:') === 0;
  var inner = document.getElementById('live-bar-inner');
  var countEl = document.getElementById('live-count');
  var showButton = document.getElementById('live-show');
  var postsEl = document.getElementById('posts');
  var waiting = [];
  var elsewhere = 0;
  var boardActivity = 0;
  var pinsChanged = false;
  var hasPrevPage = document.querySelector('.pager a[rel="prev"]') !== null;
  var hasNextPage = document.querySelector('.pager a[rel="next"]') !== null;

  // A post's place in the thread's reading order: "top branch id", compared number by number.
  function orderOf(el) {
    return (el.getAttribute('data-order') || '').split(' ').map(Number);
  }
  function comesBefore(a, b) {
    for (var i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i];
    return false;
  }
  // The shown post a new one goes in front of, or null for after the last one.
  function nextInOrder(node) {
    var key = orderOf(node);
    var shown = postsEl.querySelectorAll('article[data-order]');
    for (var i = 0; i < shown.length; i++) if (comesBefore(key, orderOf(shown[i]))) return shown[i];
    return null;
  }
  // Whether a new post belongs on this page of the thread rather than before or after it.
  function belongsHere(node) {
    var next = nextInOrder(node);
    if (next === null) return !hasNextPage;
    return !(hasPrevPage && next === postsEl.querySelector('article[data-order]'));
  }

  function fromHtml(html) {
    var template = document.createElement('template');
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function updateBar() {
    var n = isThread ? waiting.length : boardActivity;
    if (n === 0 && (isThread || !pinsChanged)) {
      inner.hidden = true;
      countEl.textContent = '';
      return;
    }
    countEl.textContent = isThread ? n + (n === 1 ? ' new reply' : ' new replies') + ' —' : boardNews(n);
    inner.hidden = false;
  }
  // Pinned threads head the board, so a pin or unpin changes its order: Show loads it afresh.
  function boardNews(n) {
    var posts = n + (n === 1 ? ' new post' : ' new posts');
    if (!pinsChanged) return posts + ' on this board —';
    return (n === 0 ? 'Pinned threads changed' : posts + ', and pinned threads changed,') + ' on this board —';
  }

  function updateElsewhere() {
    var note = document.getElementById('live-elsewhere');
    if (!note) return;
    note.textContent = elsewhere === 0 ? '' : elsewhere + (elsewhere === 1 ? ' new reply' : ' new replies') + ' on other pages of this thread.';
    note.hidden = elsewhere === 0;
  }

  showButton.addEventListener('click', function () {
    if (!isThread) {
      window.location.reload();
      return;
    }
    var first = null;
    var alreadyShown = null;
    waiting.forEach(function (html) {
      var node = fromHtml(html);
      if (!node) return;
      var onPage = document.getElementById(node.id);
      if (onPage) {
        alreadyShown = onPage;
        return;
      }
      // Each reader is sent the actions that fit them, with the forms' CSRF fields left for this page's token.
      fillCsrf(node);
      // It may have waited in the bar while the thread was locked or unlocked.
      fitReplyLinks(node);
      postsEl.insertBefore(node, nextInOrder(node));
      if (!first) first = node;
    });
    waiting = [];
    // Focus moves before the bar hides: hiding the focused button would drop focus to the page's start.
    var target = first || alreadyShown || document.querySelector('h1');
    if (target) {
      target.setAttribute('tabindex', '-1');
      target.focus();
    }
    updateBar();
  });

  function replaceInPlace(payload) {
    var existing = document.getElementById('post-' + payload.postId);
    if (!existing) return;
    var node = fromHtml(payload.html);
    if (!node) return;
    // The server sends each reader the actions that fit the post now (Restore once it is hidden,
    // and so on), with the forms' CSRF fields empty: a room spans many logins, so this page's own token goes in.
    fillCsrf(node);
    fitReplyLinks(node);
    var wasOpen = existing.querySelector('details.moderate[open]');
    var moderate = node.querySelector('details.moderate');
    if (wasOpen && moderate) moderate.open = true;
    keepTyped(existing, node);
    // Taking the focused element out of the page sends focus back to the page's start.
    var focused = existing.contains(document.activeElement) ? document.activeElement : null;
    existing.replaceWith(node);
    if (!focused) return;
    var same = node.contains(focused) ? focused : sameControlIn(node, focused);
    if (same) {
      same.focus();
      if (typeof focused.selectionStart === 'number' && typeof same.setSelectionRange === 'function') {
        same.setSelectionRange(focused.selectionStart, focused.selectionEnd);
      }
    } else {
      node.setAttribute('tabindex', '-1');
      node.focus();
    }
  }

  // What the reader had typed in the post's forms (a reason for hiding, say) goes into the same field
  // of the same form in the new version. A form the new version no longer has (its Hide once another
  // moderator hid the post) takes its words with it: the action they were for is no longer offered.
  function keepTyped(existing, node) {
    existing.querySelectorAll('form input:not([type="hidden"]), form textarea').forEach(function (field) {
      if (!field.name || field.value === field.defaultValue) return;
      var form = node.querySelector('form[action="' + field.form.getAttribute('action') + '"]');
      var same = form ? form.elements.namedItem(field.name) : null;
      if (same && same.tagName === field.tagName) same.value = field.value;
    });
  }

  // The control in a post's new version that does what the focused one did (the link or button of
  // the same name, the field of a form with the same action), so focus stays where the reader was.
  // Links are matched by their words: the page's and the live version's Reply links differ in query.
  function sameControlIn(node, old) {
    var formAction = function (el) { return el.form ? el.form.getAttribute('action') : null; };
    var candidates = node.querySelectorAll(old.tagName);
    for (var i = 0; i < candidates.length; i++) {
      var c = candidates[i];
      if (c.textContent.trim() === old.textContent.trim() && c.getAttribute('name') === old.getAttribute('name') &&
        formAction(c) === formAction(old)) return c;
    }
    return null;
  }

  var socket = window.io({ transports: ['websocket', 'polling'] });
  socket.on('connect', function () {
    socket.emit('discussion:join', room, function (answer) {
      // Not (or no longer) allowed here, e.g. after logging out in another tab: stop listening.
      if (answer && answer.ok === false && answer.error === 'not-allowed') socket.disconnect();
    });
  });
  // The server ends connections when someone's access may have changed; come back and ask again.
  socket.on('disconnect', function (reason) {
    if (reason === 'io server disconnect') setTimeout(function () { socket.connect(); }, 1000 + Math.random() * 2000);
  });
  socket.on('post:created', function (payload) {
    if (!isThread || document.getElementById('post-' + payload.postId)) return;
    var node = fromHtml(payload.html);
    if (!node) return;
    if (belongsHere(node)) {
      waiting.push(payload.html);
      updateBar();
    } else {
      elsewhere += 1;
      updateElsewhere();
    }
  });
  ['post:edited', 'post:removed', 'post:hidden', 'post:restored', 'post:approved'].forEach(function (event) {
    socket.on(event, replaceInPlace);
  });
  // A moderator pinned, locked or unlocked the thread elsewhere. Locking takes away every way to reply,
  // but never what the reader had typed: the form is only hidden (it comes back on unlock, text and all)
  // and its text is shown in a box to copy. Staff also get the thread's controls that now fit.
  // Reply links are in every post's HTML, hidden while the thread is locked: whether a post was sent
  // or waited in the bar before or after a lock, its link follows the thread as it is now.
  function threadLocked() {
    var flags = document.getElementById('thread-flags');
    return flags !== null && flags.getAttribute('data-locked') === 'true';
  }
  function fitReplyLinks(root) {
    var locked = threadLocked();
    root.querySelectorAll('a[data-reply-link]').forEach(function (link) { link.hidden = locked; });
  }
  function fillCsrf(node) {
    var token = document.querySelector('input[name="_csrf"]');
    node.querySelectorAll('input[name="_csrf"]').forEach(function (input) {
      input.value = token ? token.value : '';
    });
  }
  socket.on('thread:changed', function (payload) {
    if (!isThread) return;
    var flags = document.getElementById('thread-flags');
    var newFlags = fromHtml(payload.flagsHtml);
    if (flags && newFlags) flags.replaceWith(newFlags);
    var moderate = document.getElementById('thread-moderate');
    var newModerate = payload.moderateHtml ? fromHtml(payload.moderateHtml) : null;
    if (moderate && newModerate) {
      fillCsrf(newModerate);
      newModerate.open = moderate.open;
      var hadFocus = moderate.contains(document.activeElement);
      moderate.replaceWith(newModerate);
      if (hadFocus) newModerate.querySelector('summary').focus();
    }
    var replyBody = document.getElementById('reply-body');
    if (!replyBody) return;
    var form = replyBody.querySelector('form[action$="/replies"]');
    replyBody.querySelectorAll('[data-live-reply]').forEach(function (el) { el.remove(); });
    var template = document.createElement('template');
    template.innerHTML = payload.replyHtml.trim();
    var parts = Array.prototype.slice.call(template.content.children);
    parts.forEach(function (el) { el.setAttribute('data-live-reply', ''); });
    var onReplyLink = document.activeElement && document.activeElement.hasAttribute('data-reply-link');
    fitReplyLinks(postsEl);
    if (payload.locked) {
      if (!form) return;
      var focused = onReplyLink || form.contains(document.activeElement);
      var body = form.querySelector('textarea[name="body"]');
      form.hidden = true;
      parts.forEach(function (el) { replyBody.insertBefore(el, form); });
      var kept = replyBody.querySelector('[data-kept-reply]');
      if (kept && body && body.value.trim() !== '') {
        kept.querySelector('textarea').value = body.value;
        kept.hidden = false;
      }
      if (focused) (kept && !kept.hidden ? kept.querySelector('textarea') : document.getElementById('reply-locked')).focus();
    } else if (form) {
      form.hidden = false;
    } else {
      // Opened while locked: the notice goes and the form the server sent takes its place.
      var notice = document.getElementById('reply-locked');
      if (notice) notice.remove();
      parts.forEach(function (el) {
        el.removeAttribute('data-live-reply');
        fillCsrf(el);
        replyBody.appendChild(el);
      });
      // The other scripts look after it as on a page loaded unlocked (kept-drafts.js saves what is typed).
      var added = replyBody.querySelector('form[action$="/replies"]');
      if (added) added.dispatchEvent(new CustomEvent('kindred:form-added', { bubbles: true }));
    }
  });
  socket.on('board:activity', function () {
    boardActivity += 1;
    updateBar();
  });
  socket.on('board:pinned', function () {
    if (isThread) return;
    pinsChanged = true;
    updateBar();
  });
})();
