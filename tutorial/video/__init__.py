"""The film: plan its frames, paint them, encode them and mux tutorial.mp4."""
