"""Files: find journey files, read them within limits, write outputs atomically."""
