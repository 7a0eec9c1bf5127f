// The PC page: ask for a session, show its QR code, poll with the poll secret until the phone approved.
async function startSession(url, body, onDone) {
  const status = document.getElementById('status');
  const res = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: body ? JSON.stringify(body) : null});
  if (!res.ok) { status.textContent = 'could not start: ' + res.status; return; }
  const s = await res.json();
  const img = document.getElementById('qr');
  img.src = s.qrImage;
  img.dataset.challenge = s.id;
  document.getElementById('qr-url').textContent = new URL(s.qrImage, location.href).href;
  status.textContent = 'scan the code with the bank app (valid until ' + s.expiresAt + ')';
  const poll = async () => {
    const r = await fetch('/api/pc/sessions/' + s.id, {headers: {'X-Poll-Secret': s.pollSecret}});
    if (!r.ok) { status.textContent = 'error ' + r.status; return; }
    const st = await r.json();
    if (st.state === 'CONSUMED') { onDone(st, status); return; }
    if (st.state === 'REJECTED' || st.state === 'EXPIRED') { status.textContent = 'the code was ' + st.state.toLowerCase(); return; }
    status.textContent = st.state === 'SCANNED' ? 'scanned — confirm on the phone' : status.textContent;
    setTimeout(poll, 500);
  };
  setTimeout(poll, 500);
}
