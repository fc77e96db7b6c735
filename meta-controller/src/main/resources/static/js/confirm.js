// The confirmation dialog: a native <dialog>, modal, so focus stays inside it and Escape cancels.

/** Asks the operator; answers true only when they press the confirm button. */
export function confirmAction({title, message, confirmLabel = 'Confirm', danger = false}) {
  const dialog = document.getElementById('confirm-dialog');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-message').textContent = message;
  const ok = document.getElementById('confirm-ok');
  ok.textContent = confirmLabel;
  ok.classList.toggle('danger', danger);
  dialog.returnValue = '';
  return new Promise(resolve => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), {once: true});
    dialog.showModal();
    document.getElementById('confirm-cancel').focus();
  });
}
