// The storefront's small behaviours. Every one has a plain-HTML fallback: drawers open through :target
// links, filters and the wishlist heart are forms and links, suggestions are only a shortcut to search.
(() => {
  'use strict';

  // --- Drawers (the phone menu, "Filter & sort") ------------------------------------------------------
  let lastOpener = null;

  function openDrawer(drawer, opener) {
    drawer.classList.add('open');
    document.body.classList.add('drawer-open');
    document.querySelectorAll(`[data-drawer="${drawer.id}"]`).forEach((b) => b.setAttribute('aria-expanded', 'true'));
    lastOpener = opener || null;
    const first = drawer.querySelector('a[href], button, input, select, summary');
    if (first) first.focus();
  }

  function closeDrawer(drawer) {
    drawer.classList.remove('open');
    document.body.classList.remove('drawer-open');
    document.querySelectorAll(`[data-drawer="${drawer.id}"]`).forEach((b) => b.setAttribute('aria-expanded', 'false'));
    if (window.location.hash === `#${drawer.id}`) history.replaceState(history.state, '', window.location.pathname + window.location.search);
    if (lastOpener && document.contains(lastOpener)) lastOpener.focus();
  }

  document.addEventListener('click', (event) => {
    const opener = event.target.closest('[data-drawer]');
    if (opener) {
      const drawer = document.getElementById(opener.dataset.drawer);
      if (drawer) {
        event.preventDefault();
        if (drawer.classList.contains('open')) closeDrawer(drawer); else openDrawer(drawer, opener);
      }
      return;
    }
    const closer = event.target.closest('[data-drawer-close]');
    if (closer) {
      const drawer = closer.closest('.drawer');
      if (drawer) { event.preventDefault(); closeDrawer(drawer); }
    }
  });

  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    const drawer = document.querySelector('.drawer.open');
    if (drawer) closeDrawer(drawer);
    hideSuggestions();
  });

  // --- Listing: filters without a full reload ---------------------------------------------------------
  const FRAGMENT_HEADER = 'X-Listing-Fragment';

  function listingState(listing) {
    const focused = document.activeElement;
    return {
      drawerOpen: Boolean(listing.querySelector('#filter-panel.open')),
      openMore: [...listing.querySelectorAll('details[data-facet-more][open]')].map((d) => d.closest('[data-facet]').dataset.facet),
      focus: focused && listing.contains(focused) && focused.name ? { name: focused.name, value: focused.value, type: focused.type } : null,
    };
  }

  function restoreState(listing, state) {
    if (state.drawerOpen) {
      const drawer = listing.querySelector('#filter-panel');
      drawer.classList.add('open');
      document.querySelectorAll('[data-drawer="filter-panel"]').forEach((b) => b.setAttribute('aria-expanded', 'true'));
    }
    state.openMore.forEach((facet) => {
      const more = listing.querySelector(`[data-facet="${CSS.escape(facet)}"] details[data-facet-more]`);
      if (more) more.open = true;
    });
    revealFacetSearch(listing);
    if (state.focus) {
      const selector = state.focus.type === 'checkbox'
        ? `[name="${CSS.escape(state.focus.name)}"][value="${CSS.escape(state.focus.value)}"]`
        : `[name="${CSS.escape(state.focus.name)}"]`;
      const again = listing.querySelector(selector);
      if (again) {
        const more = again.closest('details');
        if (more) more.open = true;
        again.focus();
      }
    }
  }

  async function loadListing(url, push) {
    const listing = document.querySelector('[data-listing]');
    if (!listing) { window.location.assign(url); return; }
    const state = listingState(listing);
    listing.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(url, { headers: { [FRAGMENT_HEADER]: '1' }, credentials: 'same-origin' });
      if (!response.ok) throw new Error(`listing answered ${response.status}`);
      listing.innerHTML = await response.text();
      if (push && url !== window.location.href) history.pushState({ listing: true }, '', url);
      const title = listing.querySelector('#listing-title');
      if (title) document.title = document.title.replace(/^[^·]*/, `${title.textContent.trim()} `);
      restoreState(listing, state);
    } catch (error) {
      window.location.assign(url);  // the plain page load still works
    } finally {
      listing.removeAttribute('aria-busy');
    }
  }

  function formUrl(form) {
    const params = new URLSearchParams();
    new FormData(form).forEach((value, key) => { if (value !== '') params.append(key, value); });
    return `${form.action}?${params}`;
  }

  document.addEventListener('change', (event) => {
    const input = event.target;
    const form = input.form;
    if (!form) return;
    if (form.matches('[data-listing-form]') && (input.type === 'checkbox' || input.tagName === 'SELECT')) {
      loadListing(formUrl(form), true);
    } else if (input.matches('select[data-autosubmit]')) {
      if (document.querySelector('[data-listing]')) loadListing(formUrl(form), true); else form.submit();
    }
  });

  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!form.matches('[data-listing-form]')) return;
    event.preventDefault();
    const drawer = form.closest('.drawer.open');
    loadListing(formUrl(form), true).then(() => {
      const again = document.getElementById('filter-panel');
      if (drawer && again) closeDrawer(again);
    });
  });

  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-listing-link], [data-listing] .pager a');
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    loadListing(link.href, true);
  });

  window.addEventListener('popstate', () => {
    if (document.querySelector('[data-listing]')) loadListing(window.location.href, false);
  });

  // Long facets (113 types, 43 colours): a box that narrows the list as you type.
  function revealFacetSearch(root) {
    root.querySelectorAll('[data-facet-search]').forEach((box) => { box.hidden = false; });
  }

  document.addEventListener('input', (event) => {
    const box = event.target;
    if (!box.matches('[data-facet-search]')) return;
    const facet = box.closest('[data-facet]');
    const wanted = box.value.trim().toLowerCase();
    const more = facet.querySelector('details[data-facet-more]');
    if (more && wanted) more.open = true;
    facet.querySelectorAll('.facet-option').forEach((option) => {
      option.hidden = wanted !== '' && !option.textContent.toLowerCase().includes(wanted);
    });
  });

  // --- Search suggestions while typing ----------------------------------------------------------------
  let suggestTimer = null;
  let suggestRequest = 0;

  function hideSuggestions() {
    document.querySelectorAll('.suggestions').forEach((list) => { list.hidden = true; });
  }

  function suggestionList(form) {
    let list = form.querySelector('.suggestions');
    if (!list) {
      list = document.createElement('ul');
      list.className = 'suggestions';
      list.id = 'search-suggestions';
      list.setAttribute('aria-label', 'Suggestions');
      list.hidden = true;
      form.appendChild(list);
      form.querySelector('input[name=q]').setAttribute('aria-controls', list.id);
    }
    return list;
  }

  function showSuggestions(form, answer) {
    const list = suggestionList(form);
    list.replaceChildren();
    const add = (item, kind) => {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = item.url;
      a.textContent = item.label;
      if (kind) { const tag = document.createElement('span'); tag.className = 'muted'; tag.textContent = ` ${kind}`; a.appendChild(tag); }
      li.appendChild(a);
      list.appendChild(li);
    };
    answer.types.forEach((item) => add(item, 'category'));
    answer.products.forEach((item) => add(item, ''));
    list.hidden = list.children.length === 0;
  }

  document.addEventListener('input', (event) => {
    const input = event.target;
    const form = input.closest('form[data-suggest]');
    if (!form || input.name !== 'q') return;
    clearTimeout(suggestTimer);
    const typed = input.value.trim();
    if (typed.length < 2) { hideSuggestions(); return; }
    suggestTimer = setTimeout(async () => {
      const mine = ++suggestRequest;
      try {
        const response = await fetch(`${form.dataset.suggest}?q=${encodeURIComponent(typed)}`, { headers: { Accept: 'application/json' } });
        if (!response.ok || mine !== suggestRequest) return;
        showSuggestions(form, await response.json());
      } catch (error) { /* suggestions are a shortcut only: the search itself still works */ }
    }, 150);
  });

  document.addEventListener('keydown', (event) => {
    const form = event.target.closest('form[data-suggest]');
    if (!form || !['ArrowDown', 'ArrowUp'].includes(event.key)) return;
    const links = [...form.querySelectorAll('.suggestions:not([hidden]) a')];
    if (!links.length) return;
    event.preventDefault();
    const at = links.indexOf(document.activeElement);
    const next = event.key === 'ArrowDown' ? Math.min(at + 1, links.length - 1) : at - 1;
    (next < 0 ? form.querySelector('input[name=q]') : links[next]).focus();
  });

  document.addEventListener('focusout', (event) => {
    const form = event.target.closest('form[data-suggest]');
    if (!form) return;
    setTimeout(() => { if (!form.contains(document.activeElement)) hideSuggestions(); }, 0);
  });

  // --- Wishlist hearts: save or unsave without leaving the page ----------------------------------------
  document.addEventListener('submit', async (event) => {
    const form = event.target;
    if (!form.matches('[data-save-form]')) return;
    event.preventDefault();
    const wanted = form.elements.saved.value;
    try {
      const response = await fetch(form.action, { method: 'POST', body: new FormData(form), headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (!response.ok) throw new Error(`save answered ${response.status}`);
      const answer = await response.json();
      document.querySelectorAll(`form[data-save-form][action="${CSS.escape(form.getAttribute('action'))}"]`).forEach((same) => {
        same.elements.saved.value = answer.saved ? '0' : '1';
        same.querySelector('button').setAttribute('aria-pressed', String(answer.saved));
      });
    } catch (error) {
      form.elements.saved.value = wanted;
      form.submit();  // the plain form post still works
    }
  });

  revealFacetSearch(document);
})();
