from gxeco.cli import main

main()
