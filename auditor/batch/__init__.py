"""auditor/batch"""
