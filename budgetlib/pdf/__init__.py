"""PDF access: pages → text lines and ruled grids with bounding boxes. Knows nothing of 决算."""
