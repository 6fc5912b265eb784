// Demo frame script: a stand-in for a third-party chat running in an iframe. It posts each
// answer to the page that embeds it and shows the page's reply.
const parentOrigin = location.origin; // the demo's host page; a real chat is told its host's origin
const reply = document.getElementById('frame-reply');
let sent = 0;

document.getElementById('frame-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const field = document.getElementById('frame-field').value;
  const value = document.getElementById('frame-value').value;
  window.parent.postMessage({ type: 'leadscore:answer', id: ++sent, field, value }, parentOrigin);
});

window.addEventListener('message', (event) => {
  if (event.origin !== parentOrigin || event.source !== window.parent) return;
  const message = event.data;
  if (message?.type === 'leadscore:state') {
    reply.textContent = `Answer ${message.id} scored: ${message.state.score} (${message.state.band})`;
  } else if (message?.type === 'leadscore:error') {
    reply.textContent = `Answer ${message.id} refused: ${message.message}`;
  }
});
