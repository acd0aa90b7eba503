print("vllm backend")
