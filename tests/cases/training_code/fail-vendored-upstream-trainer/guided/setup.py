from setuptools import setup

setup(name="guided", packages=["guided"], install_requires=["torch"])
