"""The bridge between the shop and recommender/: which products are indexed, where the files live,
how look-alike lists are built, kept current and read, and how a customer's photo becomes products.

- paths            where the files live; what the saved index says about itself
- embedding        the process's embedder, its status for the admin, product pictures in batches
- feature_store    vectors by picture; which picture each indexed product has
- writer_lock      one writer at a time on those files
- building         full builds and incremental updates: which products, their vectors, lists, files
- index_versions   what a published version of the index holds; publishing one, loading one checked
- neighbour_lists  the stored look-alike lists (product_neighbours), and what product pages read
- catalogue_watch  products_changed -> the update_lookalikes job (an incremental update, outside the request)
- search_index     the current version as photo searches use it, once per process
- search_slots     how many photo searches a process decodes and embeds at once
- photo_search, uploads, url_fetch   a customer's photo (checked, cropped, embedded once) -> products
"""
