"""Zeren (责任): the ideological-work responsibility system of an education bureau."""
