// The call list's live updates: a server-sent event says a call of this tenant started or ended (its id, nothing
// more); the page then reloads the first page's rows for the same filters through the normal, audited read. On a
// later page it only says that there are newer calls. Without this script the list is a plain page.
(function () {
  'use strict';
  var live = document.getElementById('call-list-live');
  var status = document.getElementById('call-list-status');
  if (!live || !status || !window.EventSource || !window.fetch) {
    return;
  }
  var rowsUrl = live.getAttribute('data-rows');
  var pending = null;
  var opened = false;

  function say(text) {
    status.textContent = text;
  }

  function reload() {
    pending = null;
    fetch(rowsUrl, {credentials: 'same-origin', headers: {'Accept': 'text/html'}})
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var template = document.createElement('template');
        template.innerHTML = html.trim();
        var rows = template.content.querySelector('tbody');
        var current = document.getElementById('call-list-rows');
        if (!rows || !current) {
          return;
        }
        // keep the keyboard where it was: the same call's link, if it is still listed
        var focused = document.activeElement && document.activeElement.closest
          ? document.activeElement.closest('tr[data-call]') : null;
        var focusedCall = focused ? focused.getAttribute('data-call') : null;
        current.replaceWith(rows);
        if (focusedCall) {
          var again = rows.querySelector('tr[data-call="' + focusedCall + '"] a');
          if (again) {
            again.focus();
          }
        }
      })
      .catch(function () { /* the next event or a reload tries again */ });
  }

  var source = new EventSource(live.getAttribute('data-stream'));
  source.addEventListener('open', function () {
    say(status.getAttribute('data-live'));
    // after a reconnect, calls may have come and gone meanwhile
    if (opened && rowsUrl) {
      reload();
    }
    opened = true;
  });
  source.addEventListener('call', function () {
    if (!rowsUrl) {
      say(status.getAttribute('data-new'));
      return;
    }
    // a burst of events (many calls at once) is one reload
    if (!pending) {
      pending = setTimeout(reload, 1000);
    }
  });
  source.onerror = function () {
    if (source.readyState === EventSource.CLOSED) {
      say(status.getAttribute('data-stopped'));
    }
  };
})();
