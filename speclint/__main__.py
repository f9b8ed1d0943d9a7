from speclint.main import main

main()
