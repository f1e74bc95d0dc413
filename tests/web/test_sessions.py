"""Conversation tokens: HMACs of the id, so any replica with the key can check them."""

from __future__ import annotations

from web.visitor.sessions import ConversationTokens


def test_a_token_is_valid_for_its_own_conversation():
    tokens = ConversationTokens("key")
    conversation = tokens.issue()
    assert tokens.is_valid(conversation.id, conversation.token)


def test_a_token_is_checked_by_another_instance_with_the_same_key():
    conversation = ConversationTokens("key").issue()
    assert ConversationTokens("key").is_valid(conversation.id, conversation.token)


def test_a_token_is_refused_under_another_key():
    conversation = ConversationTokens("key").issue()
    assert not ConversationTokens("other key").is_valid(conversation.id, conversation.token)


def test_a_token_does_not_open_another_conversation():
    tokens = ConversationTokens("key")
    first, second = tokens.issue(), tokens.issue()
    assert not tokens.is_valid(second.id, first.token)


def test_a_token_with_characters_outside_ascii_is_refused_not_raised():
    conversation = ConversationTokens("key").issue()
    assert not ConversationTokens("key").is_valid(conversation.id, "t\u00f6ken")


def test_issued_ids_are_well_formed():
    assert ConversationTokens.is_well_formed_id(ConversationTokens("key").issue().id)
