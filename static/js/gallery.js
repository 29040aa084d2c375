// The product gallery: a thumbnail shows its picture in the large view; the large view opens the picture
// full size in a dialog, where arrow keys, the buttons or a swipe step through the pictures and Escape closes.
(() => {
  const gallery = document.querySelector('[data-gallery]');
  const view = gallery && gallery.querySelector('[data-gallery-view]');
  const dialog = document.getElementById('lightbox');
  if (!view || !dialog || typeof dialog.showModal !== 'function') return;
  const image = document.getElementById('gallery-image');
  const large = document.getElementById('lightbox-image');
  const thumbs = Array.from(gallery.querySelectorAll('[data-gallery-thumb]'));
  const pictures = (thumbs.length ? thumbs : [view]).map((link) => link.getAttribute('href'));
  let current = 0;

  const show = (index) => {
    current = (index + pictures.length) % pictures.length;
    image.src = large.src = pictures[current];
    view.setAttribute('href', pictures[current]);
    thumbs.forEach((thumb, position) => {
      if (position === current) thumb.setAttribute('aria-current', 'true');
      else thumb.removeAttribute('aria-current');
    });
  };

  thumbs.forEach((thumb, position) => {
    thumb.addEventListener('click', (event) => {
      event.preventDefault();
      show(position);
    });
    thumb.addEventListener('keydown', (event) => {
      const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      if (!step) return;
      event.preventDefault();
      show(position + step);
      thumbs[current].focus();
    });
  });
  view.addEventListener('click', (event) => {
    event.preventDefault();
    dialog.showModal();
  });
  dialog.querySelectorAll('[data-step]').forEach((button) => {
    button.addEventListener('click', () => show(current + Number(button.dataset.step)));
  });
  dialog.querySelector('[data-close]').addEventListener('click', () => dialog.close());
  dialog.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close(); // a click on the backdrop
  });
  dialog.addEventListener('keydown', (event) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (step && pictures.length > 1) show(current + step);
  });
  let touchStart = null;
  dialog.addEventListener('touchstart', (event) => { touchStart = event.changedTouches[0].clientX; }, { passive: true });
  dialog.addEventListener('touchend', (event) => {
    const distance = touchStart === null ? 0 : event.changedTouches[0].clientX - touchStart;
    if (Math.abs(distance) > 40 && pictures.length > 1) show(current + (distance < 0 ? 1 : -1));
    touchStart = null;
  }, { passive: true });
})();
