// Demo page script: shows the widget events the page hears, as a host page would use them.
const list = document.getElementById('events');

function show(event) {
  const d = event.detail;
  const line = event.type === 'leadscore:error'
    ? `${event.type}: ${d.message}`
    : `${event.type}: score ${d.score}, band ${d.band ?? '–'}, grade ${d.grade ?? '–'}, ` +
      `${d.qualification.replace(/_/g, ' ')}` + (d.ending ? `, ended (${d.ending.reason})` : '');
  list.append(Object.assign(document.createElement('li'), { textContent: line }));
  list.scrollTop = list.scrollHeight;
}

for (const type of ['leadscore:change', 'leadscore:complete', 'leadscore:error']) {
  document.addEventListener(type, show);
}
