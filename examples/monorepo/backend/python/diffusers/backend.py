print("diffusers backend")
