from setuptools import setup

setup(name="matmul", version="0.1", package_dir={"matmul": "."}, packages=["matmul", "matmul.experiments"])
