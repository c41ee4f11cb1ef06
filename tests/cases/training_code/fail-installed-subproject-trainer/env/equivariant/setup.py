from setuptools import setup

setup(name="equivariant", packages=["equivariant"])
