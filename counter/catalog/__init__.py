"""The service catalog (事项目录): items, packages, materials, guide questions, search."""
