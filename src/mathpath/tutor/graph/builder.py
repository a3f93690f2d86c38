"""The tutoring graph: Context Retrieval Agent, then Reasoning & Guidance Agent.

`builder` is the uncompiled `StateGraph`; compile it with a checkpointer (one thread per
tutoring session) and a store (long-term memory, namespaced per student).
"""

from __future__ import annotations

from langchain_core.runnables import RunnableConfig
from langgraph.graph import END, START, StateGraph

from mathpath.tutor.graph.context_agent import build_context_agent
from mathpath.tutor.graph.guidance_agent import build_guidance_agent
from mathpath.tutor.graph.state import TutorDeps, TutorState


def build_graph() -> StateGraph[TutorState, TutorDeps, TutorState, TutorState]:
    graph = StateGraph(TutorState, context_schema=TutorDeps)
    graph.add_node("context_retrieval_agent", build_context_agent().compile())
    graph.add_node("reasoning_guidance_agent", build_guidance_agent().compile())
    graph.add_edge(START, "context_retrieval_agent")
    graph.add_edge("context_retrieval_agent", "reasoning_guidance_agent")
    graph.add_edge("reasoning_guidance_agent", END)
    return graph


builder = build_graph()


def thread_config(session_id: str) -> RunnableConfig:
    return {"configurable": {"thread_id": session_id}}
