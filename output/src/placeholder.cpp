namespace sibsim::output {}
