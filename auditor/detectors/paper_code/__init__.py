"""auditor/detectors/paper_code"""
