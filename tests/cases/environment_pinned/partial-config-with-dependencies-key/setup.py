from setuptools import find_packages, setup

setup(
    name="visrep",
    version="0.1",
    packages=find_packages(),
    install_requires=["torch>=1.7.1", "torchvision>=0.8.2", "numpy>=1.20"],
)
