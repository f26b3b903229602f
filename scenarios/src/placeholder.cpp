namespace sibsim::scenarios {}
