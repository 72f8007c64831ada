"""Imports from the national systems (measures 15-17): teachers with their record groups from the teacher
management information system, students from the student registry (学籍); by command and by upload page."""
