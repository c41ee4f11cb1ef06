optimizer = dict(type="AdamW", lr=0.00006, betas=(0.9, 0.999), weight_decay=0.01)
lr_config = dict(policy="poly", power=1.0, min_lr=0.0)
data = dict(samples_per_gpu=2)
