"""The catalogue: browsing with facets, admin changes, the Kaggle import, product pictures and the one picture check."""
