"""The catalogue: browsing with facets, admin changes (sizes and their stock, pictures), stock crossing zero,
the size runs, the Kaggle import and its default prices and stock, product pictures and the one picture check."""
