// Apply a filter as soon as it is ticked, so the Apply button is only needed without JavaScript.
document.querySelectorAll('#filters input[type=checkbox], select[data-autosubmit]').forEach((input) => {
  input.addEventListener('change', () => input.form.submit());
});
