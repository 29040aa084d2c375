// Photo search: choose or drop a photo, preview it, frame the wanted item with a crop box.
// The box goes to the server as fractions of the picture (crop_x, crop_y, crop_w, crop_h) and the
// server crops; the form is an ordinary POST with its CSRF field. Without JavaScript it still
// uploads the whole photo. After a search the page shows the kept photo with the box where it was
// (data-kept): moving the box and searching again sends the photo's name, not the photo.
(() => {
  const form = document.getElementById('photo-form');
  if (!form) return;
  const input = document.getElementById('photo-input');
  const zone = document.getElementById('drop-zone');
  const stage = document.getElementById('crop-stage');
  const frame = document.getElementById('crop-frame');
  const preview = document.getElementById('photo-preview');
  const box = document.getElementById('crop-box');
  const handle = document.getElementById('crop-handle');
  const problem = document.getElementById('client-error');
  const maxBytes = Number(form.dataset.maxBytes);
  const MIN_SIDE = 0.05; // smallest crop side, as a fraction of the picture
  const STEP = 0.02; // keyboard nudge
  const fields = ['crop_x', 'crop_y', 'crop_w', 'crop_h'].map((id) => document.getElementById(id));
  let crop = { x: 0, y: 0, w: 1, h: 1 };
  let previewUrl = null;
  let drag = null;

  const clamp = (value, low, high) => Math.min(high, Math.max(low, value));

  function render() {
    box.style.left = `${crop.x * 100}%`;
    box.style.top = `${crop.y * 100}%`;
    box.style.width = `${crop.w * 100}%`;
    box.style.height = `${crop.h * 100}%`;
    [crop.x, crop.y, crop.w, crop.h].forEach((value, i) => { fields[i].value = value.toFixed(4); });
  }

  function say(message) {
    problem.textContent = message;
    problem.hidden = !message;
  }

  function show(file) {
    say('');
    if (!file) return;
    if (file.size > maxBytes) {
      say(`That photo is over ${Math.round(maxBytes / 1048576)} MB: please choose a smaller one.`);
    }
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = URL.createObjectURL(file);
    preview.src = previewUrl;
    crop = { x: 0, y: 0, w: 1, h: 1 };
    stage.hidden = false;
    render();
  }

  // A new photo replaces the kept one: the server must search the new one.
  function forgetKeptPhoto() {
    const kept = document.getElementById('photo_name');
    if (kept) kept.value = '';
  }

  function showKeptPhoto() {
    if (!preview.dataset.kept) return;
    const values = fields.map((field) => Number.parseFloat(field.value));
    if (values.every((value) => Number.isFinite(value)) && values[2] > 0 && values[3] > 0) {
      crop = { x: values[0], y: values[1], w: values[2], h: values[3] };
    }
    stage.hidden = false;
    render();
  }

  input.addEventListener('change', () => { forgetKeptPhoto(); show(input.files[0]); });
  ['dragenter', 'dragover'].forEach((type) => zone.addEventListener(type, (event) => {
    event.preventDefault();
    zone.classList.add('dragging');
  }));
  ['dragleave', 'drop'].forEach((type) => zone.addEventListener(type, () => zone.classList.remove('dragging')));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    if (event.dataTransfer.files.length) {
      forgetKeptPhoto();
      input.files = event.dataTransfer.files;
      show(input.files[0]);
    }
  });

  function startDrag(event, mode) {
    event.preventDefault();
    event.stopPropagation();
    const rect = frame.getBoundingClientRect();
    drag = { mode, x0: event.clientX, y0: event.clientY, start: { ...crop }, width: rect.width, height: rect.height };
    frame.setPointerCapture(event.pointerId);
  }

  box.addEventListener('pointerdown', (event) => startDrag(event, 'move'));
  handle.addEventListener('pointerdown', (event) => startDrag(event, 'resize'));
  // Pressing outside the box starts a new one there, sized by dragging.
  frame.addEventListener('pointerdown', (event) => {
    const rect = frame.getBoundingClientRect();
    crop = {
      x: clamp((event.clientX - rect.left) / rect.width, 0, 1 - MIN_SIDE),
      y: clamp((event.clientY - rect.top) / rect.height, 0, 1 - MIN_SIDE),
      w: MIN_SIDE,
      h: MIN_SIDE,
    };
    render();
    startDrag(event, 'resize');
  });
  frame.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const dx = (event.clientX - drag.x0) / drag.width;
    const dy = (event.clientY - drag.y0) / drag.height;
    if (drag.mode === 'move') {
      crop.x = clamp(drag.start.x + dx, 0, 1 - crop.w);
      crop.y = clamp(drag.start.y + dy, 0, 1 - crop.h);
    } else {
      crop.w = clamp(drag.start.w + dx, MIN_SIDE, 1 - crop.x);
      crop.h = clamp(drag.start.h + dy, MIN_SIDE, 1 - crop.y);
    }
    render();
  });
  ['pointerup', 'pointercancel'].forEach((type) => frame.addEventListener(type, () => { drag = null; }));

  // Keyboard: arrows move the box, Shift+arrows resize it.
  box.tabIndex = 0;
  box.addEventListener('keydown', (event) => {
    const moves = { ArrowLeft: [-STEP, 0], ArrowRight: [STEP, 0], ArrowUp: [0, -STEP], ArrowDown: [0, STEP] };
    if (!moves[event.key]) return;
    event.preventDefault();
    const [dx, dy] = moves[event.key];
    if (event.shiftKey) {
      crop.w = clamp(crop.w + dx, MIN_SIDE, 1 - crop.x);
      crop.h = clamp(crop.h + dy, MIN_SIDE, 1 - crop.y);
    } else {
      crop.x = clamp(crop.x + dx, 0, 1 - crop.w);
      crop.y = clamp(crop.y + dy, 0, 1 - crop.h);
    }
    render();
  });

  // A photo chosen before this script arrived (a slow connection) is previewed now.
  if (input.files.length) {
    forgetKeptPhoto();
    show(input.files[0]);
  } else {
    showKeptPhoto();
  }
})();
