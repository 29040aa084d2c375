"""The catalogue: browsing with facets, admin changes, stock crossing zero, the Kaggle import and its default
prices and stock, product pictures and the one picture check."""
