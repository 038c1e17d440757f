"""Reliability campaigns: kills, full and read-only disks, races, hostile names, fuzzing, secret leaks."""
