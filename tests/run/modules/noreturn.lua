side_effect = (side_effect or 0) + 1
