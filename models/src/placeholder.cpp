namespace sibsim::models {}
