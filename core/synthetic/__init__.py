"""Generated data: aerial-like scenes with their truth, and the inventory error simulator."""
