/* The page's own settings for Sphinx and pydata-sphinx-theme scripts (its name,
 * whether search shows results as you type): the theme sets them in inline
 * scripts, which the site's security policy does not run, so the build moves
 * them into this tag's data-documentation-options (see theme.py).
 */
Object.assign(
  DOCUMENTATION_OPTIONS,
  JSON.parse(document.currentScript.dataset.documentationOptions),
);
