"""auditor/detectors/repo"""
