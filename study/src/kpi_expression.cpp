// placeholder (issue 15 in progress)
