"""Training the SegAssess network on reference sheets: training data (tiles + simulated
inventories), the losses of the released model, the training loop, and the built-in demo model."""
