// Live discussion updates. Without this script (or without a connection) pages work by reloading.
// New posts wait behind a polite "N new replies — show" bar so the text being read never moves;
// edits and removals replace the post in place. All post HTML comes from the server, sanitised.
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
  var boardActivity = 0;

  function fromHtml(html) {
    var template = document.createElement('template');
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function updateBar() {
    var n = isThread ? waiting.length : boardActivity;
    if (n === 0) {
      inner.hidden = true;
      countEl.textContent = '';
      return;
    }
    countEl.textContent = isThread
      ? n + (n === 1 ? ' new reply' : ' new replies') + ' —'
      : n + (n === 1 ? ' new post' : ' new posts') + ' on this board —';
    inner.hidden = false;
  }

  showButton.addEventListener('click', function () {
    if (!isThread) {
      window.location.reload();
      return;
    }
    var first = null;
    waiting.forEach(function (html) {
      var node = fromHtml(html);
      if (!node || document.getElementById(node.id)) return;
      postsEl.appendChild(node);
      if (!first) first = node;
    });
    waiting = [];
    updateBar();
    if (first) {
      first.setAttribute('tabindex', '-1');
      first.focus();
    }
  });

  function replaceInPlace(payload) {
    var existing = document.getElementById('post-' + payload.postId);
    if (!existing) return;
    var node = fromHtml(payload.html);
    if (!node) return;
    // Keep the reader's own actions (edit, moderate) that the shared version does not carry.
    var actions = existing.querySelector('.post-actions');
    var newActions = node.querySelector('.post-actions');
    if (actions && newActions) newActions.replaceWith(actions);
    existing.replaceWith(node);
  }

  var socket = window.io({ transports: ['websocket', 'polling'] });
  socket.on('connect', function () {
    socket.emit('discussion:join', room, function () {});
  });
  socket.on('post:created', function (payload) {
    if (!isThread || document.getElementById('post-' + payload.postId)) return;
    waiting.push(payload.html);
    updateBar();
  });
  ['post:edited', 'post:removed', 'post:hidden', 'post:restored'].forEach(function (event) {
    socket.on(event, replaceInPlace);
  });
  socket.on('board:activity', function () {
    boardActivity += 1;
    updateBar();
  });
})();
