"""auditor/detectors/paper"""
